from tensorflow.keras.layers import Masking, SimpleRNN
from tensorflow.keras.models import Sequential

# The shape of "I am Groot" before padding: 3 words.
model = Sequential()
model.add(Masking(mask_value=0.0, input_shape=(3, 2)))
model.add(SimpleRNN(4))
