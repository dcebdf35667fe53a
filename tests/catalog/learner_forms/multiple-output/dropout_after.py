# expect: accepted
# Dropout does nothing when the model predicts: the computation is the guide's.
from tensorflow.keras.layers import Dropout, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(Dropout(0.2))
