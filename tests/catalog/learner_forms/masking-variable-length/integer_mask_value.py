# expect: accepted
from tensorflow.keras.layers import Masking, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Masking(mask_value=0, input_shape=(5, 2)))
model.add(SimpleRNN(4))
